namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Adds variables a revision's worker gets from the platform rather than from its configuration,
/// e.g. the emulator hosts the Firebase SDKs look for (<c>FIRESTORE_EMULATOR_HOST</c>,
/// <c>FIREBASE_AUTH_EMULATOR_HOST</c>). Every registered source is applied after Cloud Run's own variables
/// and before the revision's environment variables.</summary>
public interface IWorkerEnvironmentSource
{
    void AddTo(IDictionary<string, string> environment, WorkerLaunch launch);
}
