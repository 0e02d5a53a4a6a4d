package org.huntboard.web.bench;

import io.quarkus.arc.Arc;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.huntboard.web.run.service.HuntJob;
import org.huntboard.web.run.service.HuntRunner;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The job of the benchmark's Quartz nodes: what {@link HuntJob} does (run the assignment's due
 * windows on the node that fired it), reached through the application's container, measuring the
 * CPU time of each firing on its thread apart from the hunt calls the executor made.
 */
public class BenchHuntJob implements Job {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** What one node did. */
  static final class NodeStats {
    final AtomicLong firings = new AtomicLong();
    final AtomicLong finished = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong schedulingCpuNanos = new AtomicLong();
    final AtomicLong huntCpuNanos = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
  }

  static final Map<String, NodeStats> NODES = new ConcurrentHashMap<>();

  /** The node the current thread fires for. */
  static final ThreadLocal<String> NODE = new ThreadLocal<>();

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    UUID assignment =
        UUID.fromString(context.getMergedJobDataMap().getString(HuntJob.ASSIGNMENT_ID));
    String node;
    try {
      node = context.getScheduler().getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
    NodeStats stats = NODES.computeIfAbsent(node, n -> new NodeStats());
    NODE.set(node);
    Freeze.awaitIfFrozen(node);
    long[] hunt = BenchDefenderExecutor.EXECUTOR_CPU.get();
    hunt[0] = 0;
    long cpu = THREADS.getCurrentThreadCpuTime();
    try {
      HuntRunner.Firing firing =
          Arc.container().instance(HuntRunner.class).get().runDue(assignment, node);
      stats.finished.addAndGet(firing.finished());
      stats.lost.addAndGet(firing.lost());
    } catch (RuntimeException e) {
      // A firing that fails (the database gone, say) leaves its windows planned or claimed; the
      // next firing or another node continues them. Count it and let Quartz go on.
      stats.errors.incrementAndGet();
      throw new JobExecutionException(e);
    } finally {
      long used = THREADS.getCurrentThreadCpuTime() - cpu;
      stats.firings.incrementAndGet();
      stats.huntCpuNanos.addAndGet(hunt[0]);
      stats.schedulingCpuNanos.addAndGet(used - hunt[0]);
    }
  }
}
