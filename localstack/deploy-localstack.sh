#!/usr/bin/env bash
# Deploys the CDK app (stage `local`) into the LocalStack of docker-compose.yml with cdklocal and
# prints the REST API's URL. Needs Docker, Node.js and a JDK >= 21.
#   localstack/deploy-localstack.sh          # build, start, deploy
#   SKIP_BUILD=1 localstack/deploy-localstack.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export CDK_DEFAULT_ACCOUNT=000000000000 CDK_DEFAULT_REGION=$AWS_DEFAULT_REGION
export CDK_DISABLE_VERSION_CHECK=true

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"

if [ -z "${SKIP_BUILD:-}" ]; then
  # Function jars and the app's classpath (infra/cdk/target/classpath.txt).
  ./mvnw -B -q package -DskipTests -pl infra/cdk -am
fi

docker compose -f localstack/docker-compose.yml up -d --wait

# Kafka topics from contracts/wiring.yaml, created explicitly as on MSK Serverless.
awk '/^kafka:/{k=1} k && /- topic:/{t=$3} k && /partitions:/{print t, $2}' contracts/wiring.yaml |
  while read -r topic partitions; do
    docker compose -f localstack/docker-compose.yml exec -T kafka /opt/kafka/bin/kafka-topics.sh \
      --bootstrap-server localhost:9092 --create --if-not-exists \
      --topic "$topic" --partitions "$partitions" --replication-factor 1
  done

mkdir -p "$repo/localstack/.data"
cd infra/cdk
npm ci --no-audit --no-fund
npx cdklocal bootstrap "aws://$CDK_DEFAULT_ACCOUNT/$CDK_DEFAULT_REGION" -c stage=local
npx cdklocal deploy sac4cps-local -c stage=local --require-approval never \
  --outputs-file "$repo/localstack/.data/outputs.json"

# The stack's ApiUrl names the AWS host; LocalStack serves the same API under its own host.
api_id=$(node -e 'const o=require(process.argv[1])["sac4cps-local"]; console.log(o.RestApiId)' \
  "$repo/localstack/.data/outputs.json")
api_url="http://${api_id}.execute-api.localhost.localstack.cloud:4566/local/"
echo "REST API: $api_url"
echo "     (or: http://localhost:4566/_aws/execute-api/${api_id}/local/)"
echo "Try:      curl ${api_url}health"
