package io.sac4cps.testkit;

class DatabaseIsolationFirstIT extends DatabaseIsolationCheck {}
