-- The trace context of the span that queued a delivery (the consumer's or the request's), so its
-- send is a child of that span even when a retry goes out in a later invocation (decision 0047).
ALTER TABLE delivery ADD COLUMN traceparent text, ADD COLUMN tracestate text;
