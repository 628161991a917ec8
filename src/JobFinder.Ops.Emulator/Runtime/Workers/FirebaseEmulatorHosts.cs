using JobFinder.Ops.Emulator.Hosting;

namespace JobFinder.Ops.Emulator.Runtime.Workers;

/// <summary>Points the Firebase SDKs in a revision at this emulator, as the Firebase Emulator Suite does for
/// the code it runs (https://firebase.google.com/docs/emulator-suite/connect_firestore#admin_sdks):
/// <c>FIRESTORE_EMULATOR_HOST</c> (the gRPC Firestore) and <c>FIREBASE_AUTH_EMULATOR_HOST</c> (ID tokens and
/// accounts:lookup). Storage is left out until the Admin SDK's emulator protocol is served (see the contract).</summary>
internal sealed class FirebaseEmulatorHosts(EmulatorContext context) : IWorkerEnvironmentSource
{
    public void AddTo(IDictionary<string, string> environment, WorkerLaunch launch)
    {
        environment["FIRESTORE_EMULATOR_HOST"] = context.FirestoreEmulatorHost;
        environment["FIREBASE_AUTH_EMULATOR_HOST"] = context.BaseAddress.Authority;
    }
}
