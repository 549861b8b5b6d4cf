using Microsoft.Data.Sqlite;
using Quartz;
using QuizBot.Contests;
using QuizBot.Data;
using QuizBot.Digest;
using QuizBot.Practice;
using QuizBot.Reminders;

namespace QuizBot.Scheduling;

/// <summary>
/// Quartz, with its job store in QuizBot's own database (the QRTZ_ tables, created by Quartz's own provisioning), so
/// schedules survive restarts. On PostgreSQL the schedulers of every instance form a cluster: a trigger fires on one
/// of them, and a dead instance's triggers are taken over by another once it misses its check-ins. Jobs are thin:
/// each asks one feature service to do its work.
/// </summary>
public static class SchedulingExtensions
{
    public static readonly JobKey ReminderSweep = new("reminder-sweep", "reminders");

    public static readonly JobKey WeeklyDigest = new("weekly-digest", "digest");

    public static readonly TriggerKey WeeklyDigestTrigger = new("weekly-digest-monday-0800", "digest");

    public const string WeeklyDigestCron = "0 0 8 ? * MON";

    /// <summary>How often a clustered scheduler says it is alive, and how long past that it is taken for dead.</summary>
    public static readonly TimeSpan ClusterCheckin = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var zone = QuizClock.FindZone(builder.Configuration["Quiz:TimeZone"] ?? "Asia/Ho_Chi_Minh");
        var database = DatabaseSettings.Of(builder);
        builder.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                if (database.IsSqlite)
                {
                    // The same file as ours; Quartz's few writes a minute wait for ours (and ours for them) instead of failing as "database is locked".
                    store.UseSqlite(new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = 30 }.ToString());
                }
                else
                {
                    store.UsePostgres(database.ConnectionString);
                    // A dead instance is written off 20 s after its last check-in, and its triggers fire elsewhere.
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = ClusterCheckin;
                        cluster.CheckinMisfireThreshold = ClusterCheckin;
                    });
                }
                store.ProvisionSchema();
            });
            // RequestRecovery: a job cut short by a crash (on PostgreSQL: an instance's death) runs again where the
            // store is taken over. Each records what it has done before it sends, so running one again repeats nothing.
            quartz.AddJob<ReminderSweepJob>(job => job.WithIdentity(ReminderSweep).StoreDurably().RequestRecovery());
            quartz.AddJob<RoundStepJob>(job => job.WithIdentity(RoundScheduler.Job).StoreDurably().RequestRecovery());
            // Every minute on the minute, in the contest's time zone; a minute missed while the service was down is
            // swept once when it comes back (the sweep catches up on everything due today anyway).
            quartz.AddTrigger(trigger => trigger.ForJob(ReminderSweep).WithIdentity("reminder-sweep-every-minute", "reminders")
                .WithCronSchedule("0 * * * * ?", cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            quartz.AddJob<WeeklyDigestJob>(job => job.WithIdentity(WeeklyDigest).StoreDurably().RequestRecovery());
            // Monday 08:00 local. Missed while the service was down, it fires once when it comes back; the digest
            // itself sends only on that Monday, and each chat's digest once (DigestLog).
            quartz.AddTrigger(trigger => trigger.ForJob(WeeklyDigest).WithIdentity(WeeklyDigestTrigger)
                .WithCronSchedule(WeeklyDigestCron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddSingleton<ReminderService>();
        builder.Services.AddSingleton<WeeklyDigest>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        return builder;
    }
}

/// <summary>Queues the reminders that are due; the reminder service sends them in the lower-priority lane.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderSweepJob(ReminderService reminders) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await reminders.SweepAsync(cancellationToken);
}
