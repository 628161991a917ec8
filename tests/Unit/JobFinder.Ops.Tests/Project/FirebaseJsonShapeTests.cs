using JobFinder.Ops.Project;
using Xunit;

namespace JobFinder.Ops.Tests.Project;

public class FirebaseJsonShapeTests
{
    [Fact]
    public void FunctionsAsAnObjectWithStringPredeploy()
    {
        using var repo = new TempProject().Write("firebase.json", """
            // comments and trailing commas, as firebase-tools accepts
            { "functions": { "source": "functions", "runtime": "nodejs22", "predeploy": "npm run build", }, }
            """);

        var codebase = Assert.Single(ProjectLoader.Load(repo.Root, "staging").Codebases);

        Assert.Equal("default", codebase.Name);
        Assert.Equal("nodejs22", codebase.Runtime);
        Assert.Equal(["npm run build"], codebase.Predeploy);
        Assert.Equal(repo.PathOf("functions"), codebase.SourceDirectory);
        Assert.Equal(CodebaseLoader.DefaultIgnore, codebase.Ignore);
    }

    [Fact]
    public void FunctionsObjectWithoutSourceDefaultsToTheFunctionsFolder()
    {
        using var repo = new TempProject().Write("firebase.json", """{ "functions": { "runtime": "python312" } }""");

        var codebase = Assert.Single(ProjectLoader.Load(repo.Root, "staging").Codebases);

        Assert.Equal(repo.PathOf("functions"), codebase.SourceDirectory);
        Assert.Equal("python312", codebase.Functions[0].Runtime);
    }

    [Fact]
    public void FunctionsAsAnArrayOfCodebases()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """
                { "functions": [
                    { "source": "functions", "codebase": "default", "runtime": "nodejs20", "ignore": ["node_modules", "*.md"], "postdeploy": ["echo done"] },
                    { "source": "admin", "codebase": "admin-tools", "runtime": "python311", "predeploy": ["a", "b"] }
                ] }
                """)
            .Write("admin/functions.yaml", """
                specVersion: v1alpha1
                endpoints:
                  reindex:
                    entryPoint: reindex
                    region: europe-west1
                    scheduleTrigger: { schedule: "every 1 hours" }
                  onUpload:
                    entryPoint: on_upload
                    region: [europe-west1, us-east1]
                    eventTrigger:
                      eventType: google.cloud.storage.object.v1.finalized
                      eventFilters: { bucket: uploads }
                """);

        var project = ProjectLoader.Load(repo.Root, "production");

        Assert.Equal(["default", "admin-tools"], project.Codebases.Select(c => c.Name));
        Assert.Equal(["node_modules", "*.md"], project.Codebases[0].Ignore);
        Assert.Equal(["echo done"], project.Codebases[0].Postdeploy);
        Assert.Equal(["a", "b"], project.Predeploy);
        var upload = project.Functions.Single(f => f.Id == "onUpload");
        Assert.Equal("admin-tools", upload.Codebase);
        Assert.Equal("python311", upload.Runtime);
        Assert.Equal(["europe-west1", "us-east1"], upload.Regions);
        Assert.Equal("europe-west1", upload.Region);
        Assert.Equal("google.cloud.storage.object.v1.finalized", upload.TriggerDetail);
        Assert.Equal("us-central1", project.Functions.Single(f => f.Id == "health").Region);
    }

    [Fact]
    public void FirestoreAsAnArrayPerDatabaseAndByTarget()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """
                { "functions": { "source": "functions", "runtime": "nodejs20" },
                  "firestore": [
                    { "database": "(default)", "rules": "firestore.rules", "indexes": "firestore.indexes.json" },
                    { "database": "analytics", "rules": "analytics.rules" },
                    { "target": "reports", "indexes": "reports.indexes.json" }
                  ] }
                """)
            .Write(".firebaserc", """
                { "projects": { "production": "jobfinder-prod" },
                  "targets": { "jobfinder-prod": { "firestore": { "reports": ["reports-db"] } } } }
                """)
            .Write("firestore.rules", "rules_version = '2';")
            .Write("firestore.indexes.json", "{}")
            .Write("analytics.rules", "rules_version = '2';")
            .Write("reports.indexes.json", "{}");

        var project = ProjectLoader.Load(repo.Root, "production");

        Assert.Equal(["(default)", "analytics", "reports-db"], project.FirestoreDatabases.Select(d => d.Database));
        Assert.Null(project.FirestoreDatabases[1].IndexesPath);
        Assert.Null(project.FirestoreDatabases[2].RulesPath);
        Assert.Equal(repo.PathOf("reports.indexes.json"), project.FirestoreDatabases[2].IndexesPath);
        Assert.Single(project.DeployTargets);
    }

    [Fact]
    public void FirestoreObjectWithDatabaseAndLocation()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """{ "functions": { "runtime": "nodejs20" }, "firestore": { "database": "jobs-db", "location": "nam5", "rules": "f.rules" } }""")
            .Write("f.rules", "rules_version = '2';");

        var database = Assert.Single(ProjectLoader.Load(repo.Root, "staging").FirestoreDatabases);

        Assert.Equal("jobs-db", database.Database);
        Assert.Equal("nam5", database.Location);
    }

    [Fact]
    public void StorageAsAnArrayWithBucketAndTarget()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """
                { "functions": { "runtime": "nodejs20" },
                  "storage": [ { "bucket": "jobfinder-prod-exports", "rules": "exports.rules" }, { "target": "uploads", "rules": "storage.rules" } ],
                  "hosting": { "public": "dist" }, "remoteconfig": { "template": "rc.json" } }
                """)
            .Write(".firebaserc", """
                { "projects": { "production": "jobfinder-prod" },
                  "targets": { "jobfinder-prod": { "storage": { "uploads": ["jobfinder-prod-uploads", "jobfinder-prod-uploads-eu"] } },
                               "other-project": { "storage": { "uploads": ["elsewhere"] } } } }
                """)
            .Write("exports.rules", "rules_version = '2';")
            .Write("storage.rules", "rules_version = '2';");

        var project = ProjectLoader.Load(repo.Root, "production");

        Assert.Equal(["jobfinder-prod-exports", "jobfinder-prod-uploads", "jobfinder-prod-uploads-eu"], project.StorageTargets.Select(s => s.Bucket));
        Assert.Equal("uploads", project.StorageTargets[1].Target);
        Assert.Equal(["hosting", "remoteconfig"], project.OtherFirebaseKeys);
    }

    [Fact]
    public void RuntimeFallsBackToPackageJsonEngines()
    {
        using var repo = new TempProject()
            .Write("firebase.json", """{ "functions": { "source": "functions" } }""")
            .Write("functions/package.json", """{ "engines": { "node": ">=22" } }""");

        Assert.Equal("nodejs22", ProjectLoader.Load(repo.Root, "staging").Codebases[0].Runtime);
    }

    [Fact]
    public void OmittedEndpointsAreSkipped()
    {
        using var repo = new TempProject().Write("functions/functions.yaml", """
            specVersion: v1alpha1
            endpoints:
              health: { entryPoint: health, httpsTrigger: {} }
              legacy: { entryPoint: legacy, omit: true, callableTrigger: {} }
            """);

        Assert.Equal(["health"], ProjectLoader.Load(repo.Root, "staging").Functions.Select(f => f.Id));
    }

    [Fact]
    public void ManifestEnvironmentIsOverriddenByDotEnv()
    {
        using var repo = new TempProject()
            .Write("functions/functions.yaml", """
                specVersion: v1alpha1
                endpoints:
                  health:
                    entryPoint: health
                    environmentVariables: { FROM_CODE: a, SHARED: code }
                    httpsTrigger: {}
                """)
            .Write("functions/.env", "SHARED=dotenv\n")
            .Write("functions/.env.jobfinder-prod", "ONLY_PROD=1\n");

        var health = ProjectLoader.Load(repo.Root, "production").Functions[0];

        Assert.Equal(["FROM_CODE", "ONLY_PROD", "SHARED"], health.EnvironmentVariableNames);
        Assert.Equal("dotenv", health.EnvironmentVariables.Single(v => v.Name == "SHARED").Value);
        Assert.Equal(".env.jobfinder-prod", health.EnvironmentVariables.Single(v => v.Name == "ONLY_PROD").Source);
    }

    [Fact]
    public void LocalFilesAreNotReadForDeploys()
    {
        using var repo = new TempProject()
            .Write("functions/.env.local", "LOCAL_ONLY=1\n")
            .Write("functions/.secret.local", "GENERATOR_API_KEY=sk-not-for-deploys\n");

        var health = ProjectLoader.Load(repo.Root, "staging").Functions[0];

        Assert.Empty(health.EnvironmentVariableNames);
    }
}
