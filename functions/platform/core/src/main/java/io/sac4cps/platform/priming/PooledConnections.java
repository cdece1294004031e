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
 * closed; after the restore the pool resumes and opens connections on demand again ({@code
 * minimum-idle} is 0, PlatformDefaults). Suspension needs {@code allow-pool-suspension}, which
 * PlatformDefaults turns on.
 */
@Singleton
public class PooledConnections implements Resource {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final BeanContext beans;
  private final DataSourceResolver resolver;
  private final List<HikariPoolMXBean> suspended = new ArrayList<>();

  PooledConnections(BeanContext beans, @Nullable DataSourceResolver resolver) {
    this.beans = beans;
    // micronaut-data's resolver unwraps its transaction-aware proxy to the pool.
    this.resolver = resolver != null ? resolver : DataSourceResolver.DEFAULT;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    for (HikariPoolMXBean pool : pools()) {
      pool.suspendPool();
      suspended.add(pool);
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

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    for (HikariPoolMXBean pool : suspended) {
      pool.resumePool();
    }
    suspended.clear();
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
    for (DataSource dataSource : beans.getBeansOfType(DataSource.class)) {
      DataSource target = resolver.resolve(dataSource);
      if (target.isWrapperFor(HikariDataSource.class)) {
        HikariPoolMXBean pool = target.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        if (pool != null) {
          pools.add(pool);
        }
      }
    }
    return pools;
  }
}
