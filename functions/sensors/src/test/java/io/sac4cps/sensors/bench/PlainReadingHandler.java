package io.sac4cps.sensors.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;

/**
 * The cold-start floor: a bare aws-lambda-java-core handler that parses a reading body and answers
 * 202, with no framework, no security and no database. What the sensors function's cold start is
 * measured against.
 */
public class PlainReadingHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    int fields = 0;
    try (JsonParser parser = JSON.createParser(event.getBody())) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          fields++;
        }
      }
    } catch (IOException e) {
      return new APIGatewayProxyResponseEvent().withStatusCode(400);
    }
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(fields == 3 ? 202 : 400)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody("{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}");
  }
}
