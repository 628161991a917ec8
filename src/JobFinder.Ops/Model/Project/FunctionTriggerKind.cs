namespace JobFinder.Ops.Model;

/// <summary>How a function is invoked, as declared by the trigger key of its functions.yaml endpoint.</summary>
public enum FunctionTriggerKind
{
    /// <summary><c>httpsTrigger</c>: a plain HTTP endpoint (<c>onRequest</c>).</summary>
    Https,
    /// <summary><c>callableTrigger</c>: the callable protocol (<c>onCall</c>), POST <c>{"data":...}</c>.</summary>
    Callable,
    /// <summary><c>eventTrigger</c>: Eventarc/Pub/Sub/Firestore/Storage events.</summary>
    Event,
    /// <summary><c>scheduleTrigger</c>: Cloud Scheduler.</summary>
    Schedule,
    /// <summary><c>taskQueueTrigger</c>: Cloud Tasks.</summary>
    TaskQueue,
    /// <summary><c>blockingTrigger</c>: Identity Platform blocking functions.</summary>
    Blocking,
}
