package org.huntboard.web.assignment.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.huntboard.web.assignment.persistence.Assignment;
import org.huntboard.web.config.HuntboardConfig;
import org.huntboard.web.run.service.HuntJob;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Keeps each assignment's Quartz job and trigger in the clustered job store: one durable job per
 * assignment, fired every frequency at the window boundary plus the assignment's jitter.
 *
 * <p>Missed firings are not replayed by Quartz ("next with remaining count"): the planner finds the
 * missed windows itself and backfills them, so Quartz only needs to wake the assignment up.
 */
@ApplicationScoped
public class AssignmentScheduler {

  static final String GROUP = "assignments";
  private static final Logger LOG = Logger.getLogger(AssignmentScheduler.class);

  private final Scheduler quartz;
  private final HuntboardConfig config;

  AssignmentScheduler(Scheduler quartz, HuntboardConfig config) {
    this.quartz = quartz;
    this.config = config;
  }

  /** A node with scheduling disabled keeps the job store but never fires a hunt. */
  void onStart(@Observes StartupEvent event) throws SchedulerException {
    if (!config.scheduling().enabled()) {
      quartz.standby();
      LOG.info("Scheduling is disabled on this node: no hunts fire here");
    }
  }

  /** Creates or replaces the assignment's job and trigger. */
  public void schedule(Assignment assignment) {
    try {
      JobDetail job =
          JobBuilder.newJob(HuntJob.class)
              .withIdentity(jobKey(assignment.id))
              .usingJobData(HuntJob.ASSIGNMENT_ID, assignment.id.toString())
              .storeDurably()
              .requestRecovery()
              .build();
      Instant firstFire =
          WindowPlan.nextBoundary(Instant.now(), assignment.frequency())
              .plusSeconds(assignment.jitterSeconds);
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(triggerKey(assignment.id))
              .forJob(job)
              .startAt(Date.from(firstFire))
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInSeconds((int) assignment.frequencySeconds)
                      .repeatForever()
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build();
      quartz.addJob(job, true);
      if (quartz.checkExists(trigger.getKey())) {
        quartz.rescheduleJob(trigger.getKey(), trigger);
      } else {
        quartz.scheduleJob(trigger);
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not schedule assignment " + assignment.id, e);
    }
  }

  /** Stops firing the assignment's schedule. */
  public void pause(UUID assignmentId) {
    try {
      quartz.pauseTrigger(triggerKey(assignmentId));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not pause assignment " + assignmentId, e);
    }
  }

  /** Fires the assignment's schedule again; missed windows are backfilled at the next firing. */
  public void resume(UUID assignmentId) {
    try {
      quartz.resumeTrigger(triggerKey(assignmentId));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not resume assignment " + assignmentId, e);
    }
  }

  /** Fires the assignment once, now, on whichever node picks it up. */
  public void runNow(UUID assignmentId) {
    try {
      quartz.triggerJob(jobKey(assignmentId));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not run assignment " + assignmentId, e);
    }
  }

  /** Whether the assignment's trigger is in the job store and paused. */
  public boolean isPaused(UUID assignmentId) {
    try {
      return quartz.getTriggerState(triggerKey(assignmentId)) == Trigger.TriggerState.PAUSED;
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next time the assignment's schedule fires, or null if it has none. */
  public Instant nextFire(UUID assignmentId) {
    try {
      Trigger trigger = quartz.getTrigger(triggerKey(assignmentId));
      return trigger == null || trigger.getNextFireTime() == null
          ? null
          : trigger.getNextFireTime().toInstant();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  static JobKey jobKey(UUID assignmentId) {
    return JobKey.jobKey(assignmentId.toString(), GROUP);
  }

  static TriggerKey triggerKey(UUID assignmentId) {
    return TriggerKey.triggerKey(assignmentId.toString(), GROUP);
  }
}
