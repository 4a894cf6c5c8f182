namespace LambdaSlim.Events;

/// <summary>
/// An EventBridge schedule rule firing (<c>source</c> <c>aws.events</c>, <c>detail-type</c> <c>Scheduled Event</c>,
/// the rule's ARN in <c>resources</c>). EventBridge Scheduler sends your own input instead: read that with your own type.
/// </summary>
public class ScheduledEvent : CloudWatchEvent<ScheduledEventDetail>;

/// <summary>A schedule rule's detail: an empty object.</summary>
public class ScheduledEventDetail;
