/**
 * SnapStart's checkpoint and restore simulated in one JVM, through the same CRaC API the functions
 * register with: a JVM started with {@code -Dorg.crac.Core.Compat=io.sac4cps.testkit.crac} makes
 * org.crac delegate to these classes (as Lambda's runtime makes it delegate to its own), and {@code
 * org.crac.Core.checkpointRestore()} then runs every registered {@code beforeCheckpoint}, in
 * reverse order of registration, and every {@code afterRestore}, in order. Nothing is copied: the
 * memory after the "restore" is the memory before it. The names are the ones org.crac looks up.
 */
package io.sac4cps.testkit.crac;
