package io.sac4cps.embedded;

/**
 * A queue and its dead-letter queue.
 *
 * @param name the queue name
 * @param url the queue URL that SQS calls take
 * @param arn the queue ARN that SNS subscriptions and redrive policies take
 * @param deadLetterUrl URL of the dead-letter queue
 * @param deadLetterArn ARN of the dead-letter queue
 */
public record SqsQueue(
    String name, String url, String arn, String deadLetterUrl, String deadLetterArn) {}
