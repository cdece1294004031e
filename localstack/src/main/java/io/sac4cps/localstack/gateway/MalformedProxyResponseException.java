package io.sac4cps.localstack.gateway;

/** The function's result is not a proxy integration response; API Gateway answers 502. */
class MalformedProxyResponseException extends RuntimeException {
  MalformedProxyResponseException(String message) {
    super(message);
  }
}
