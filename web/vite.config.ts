import { defineConfig } from "vite";

// Built into target/dist; Maven packs it into the web jar under web/ (served by the local gateway at
// /, by CloudFront in AWS). Relative asset URLs so the same build works under any origin.
export default defineConfig({
  base: "./",
  build: { outDir: "target/dist", emptyOutDir: true, sourcemap: false },
  server: { proxy: { "^/(auth|users|clients|rooms|sensors|analytics|tasks|notifications|events|health)": "http://localhost:8000" } },
});
