package io.sac4cps.platform.priming;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micronaut.context.BeanContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.crac.Context;
import org.crac.Resource;

/**
 * No database connection in a snapshot: every restored instance would share its socket and session.
 * Before the checkpoint each Hikari pool is suspended (no new connection) and its connections
 * closed; after the restore the pool resumes, opens one connection in the background, and others on
 * demand ({@code minimum-idle} is 0, PlatformDefaults). Suspension needs {@code
 * allow-pool-suspension}, which PlatformDefaults turns on.
 */
@Singleton
public class PooledConnections implements Resource {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final BeanContext beans;
  private final DataSourceResolver resolver;
  private final List<HikariPoolMXBean> suspended = new ArrayList<>();
  private final List<DataSource> suspendedSources = new ArrayList<>();

  PooledConnections(BeanContext beans, @Nullable DataSourceResolver resolver) {
    this.beans = beans;
    // micronaut-data's resolver unwraps its transaction-aware proxy to the pool.
    this.resolver = resolver != null ? resolver : DataSourceResolver.DEFAULT;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    for (HikariDataSource source : hikariSources()) {
      HikariPoolMXBean pool = source.getHikariPoolMXBean();
      if (pool == null) {
        continue; // never used: no pool started yet, nothing to let go
      }
      pool.suspendPool();
      suspended.add(pool);
      suspendedSources.add(source);
      pool.softEvictConnections();
      long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
      while (pool.getTotalConnections() > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              pool.getTotalConnections()
                  + " database connections still open at the checkpoint ("
                  + pool.getActiveConnections()
                  + " in use)");
        }
        Thread.sleep(5);
      }
    }
  }

  /**
   * Resumes each pool and opens its first connection on a background thread, so the first request
   * finds it open or half-way (a TLS handshake and authentication against RDS Proxy) instead of
   * starting it (decision 0068). Returns at once; a failure there is the request's to report.
   */
  @Override
  public void afterRestore(Context<? extends Resource> context) {
    for (HikariPoolMXBean pool : suspended) {
      pool.resumePool();
    }
    List<DataSource> resumed = List.copyOf(suspendedSources);
    suspended.clear();
    suspendedSources.clear();
    if (resumed.isEmpty()) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("pool-first-connection")
        .start(
            () -> {
              for (DataSource pool : resumed) {
                try {
                  // Opened, then back in the pool, idle, for the request to borrow.
                  pool.getConnection().close();
                } catch (SQLException e) {
                  // Left to the first request, which answers 503 while the database is down.
                }
              }
            });
  }

  /** The open connections of every pool: what a snapshot taken now would hold. */
  public int openConnections() throws SQLException {
    int open = 0;
    for (HikariPoolMXBean pool : pools()) {
      open += pool.getTotalConnections();
    }
    return open;
  }

  private List<HikariPoolMXBean> pools() throws SQLException {
    List<HikariPoolMXBean> pools = new ArrayList<>();
    for (HikariDataSource source : hikariSources()) {
      HikariPoolMXBean pool = source.getHikariPoolMXBean();
      if (pool != null) {
        pools.add(pool);
      }
    }
    return pools;
  }

  private List<HikariDataSource> hikariSources() throws SQLException {
    List<HikariDataSource> sources = new ArrayList<>();
    for (DataSource dataSource : beans.getBeansOfType(DataSource.class)) {
      DataSource target = resolver.resolve(dataSource);
      if (target.isWrapperFor(HikariDataSource.class)) {
        sources.add(target.unwrap(HikariDataSource.class));
      }
    }
    return sources;
  }
}
