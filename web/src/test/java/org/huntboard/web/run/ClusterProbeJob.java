package org.huntboard.web.run;

import io.quarkus.arc.Arc;
import java.util.UUID;
import org.huntboard.web.run.service.HuntJob;
import org.huntboard.web.run.service.HuntRunner;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The job of the test's own Quartz nodes: the same work as {@link HuntJob}, reached through the
 * application's container because these schedulers are built outside it.
 */
public class ClusterProbeJob implements Job {

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    UUID assignment =
        UUID.fromString(context.getMergedJobDataMap().getString(HuntJob.ASSIGNMENT_ID));
    try {
      Arc.container()
          .instance(HuntRunner.class)
          .get()
          .runDue(assignment, context.getScheduler().getSchedulerInstanceId());
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
  }
}
