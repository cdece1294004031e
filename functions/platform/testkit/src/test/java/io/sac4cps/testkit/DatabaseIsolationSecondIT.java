package io.sac4cps.testkit;

class DatabaseIsolationSecondIT extends DatabaseIsolationCheck {}
