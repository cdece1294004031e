package io.sac4cps.platform.storage;

/** An object as stored: its key, size in bytes and content type. */
public record StoredObject(ObjectKey key, long size, String contentType) {}
