package org.huntboard.web.run.service;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz job of one assignment: runs its due windows on whichever cluster node fired it.
 *
 * <p>Quartz's clustered JDBC store fires each trigger on one node; the run ledger's claims make the
 * same true when two triggers of one assignment (its schedule and a "run now") fire at once.
 */
@Dependent
@Unremovable
public class HuntJob implements Job {

  /** The job-data key of the assignment id. */
  public static final String ASSIGNMENT_ID = "assignmentId";

  private static final Logger LOG = Logger.getLogger(HuntJob.class);

  private final HuntRunner runner;

  HuntJob(HuntRunner runner) {
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    UUID assignmentId = UUID.fromString(context.getMergedJobDataMap().getString(ASSIGNMENT_ID));
    String node;
    try {
      node = context.getScheduler().getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
    HuntRunner.Firing firing = runner.runDue(assignmentId, node);
    LOG.debugf("Assignment %s on %s: %s", assignmentId, node, firing);
  }
}
