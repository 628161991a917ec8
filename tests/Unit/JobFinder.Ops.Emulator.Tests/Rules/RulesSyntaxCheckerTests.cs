using JobFinder.Ops.Emulator.Rules;
using Xunit;

namespace JobFinder.Ops.Emulator.Tests.Rules;

public class RulesSyntaxCheckerTests
{
    private const string ValidFirestore = """
        rules_version = '2';
        service cloud.firestore {
          match /databases/{database}/documents {
            function isSignedIn() { return request.auth != null; }
            match /jobs/{jobId} {
              allow read: if true;
              allow create, update: if isSignedIn() && request.resource.data.url is string;
            }
            match /{document=**} {
              allow read, write: if false;
            }
          }
        }
        """;

    [Fact]
    public void AcceptsValidFirestoreAndStorageRules()
    {
        var firestore = RulesSyntaxChecker.Check("firestore.rules", ValidFirestore);
        Assert.Empty(firestore.Issues);
        Assert.Equal(["cloud.firestore"], firestore.Services);
        var storage = RulesSyntaxChecker.Check("storage.rules",
            "service firebase.storage {\n  match /b/{bucket}/o {\n    match /generated/{path=**} { allow read: if request.auth != null; }\n  }\n}\n");
        Assert.Empty(storage.Issues);
    }

    [Theory]
    [InlineData("service cloud.firestore {\n  match /a/{b} {\n    allow read: if true;\n  \n}\n", 1, 25, "Unbalanced '{'")]
    [InlineData("service cloud.firestore {\n  match /a/{b} {\n    allow read: if (true;\n  }\n}\n", 4, 3, "Mismatched '}'")]
    [InlineData("service cloud.firestore {\n  allow read: if true;\n}\n", 2, 3, "'allow' is only valid inside a 'match' block")]
    [InlineData("rules_version = '2';\nmatch /x {}\n", 2, 1, "Unexpected 'match'")]
    [InlineData("rules_version = '2';\n", 1, 1, "Missing 'service' block")]
    [InlineData("service cloud.firestore {\n  match /a/{b} {\n    allow reed: if true;\n  }\n}\n", 3, 11, "Invalid method 'reed'")]
    [InlineData("service cloud.firestore {\n  match /a/{b} {\n    allow read: true;\n  }\n}\n", 3, 17, "Expected 'if'")]
    [InlineData("service cloud.firestore {\n  match /a/{b} {\n    allow read: if x == 'abc;\n  }\n}\n", 3, 25, "Unterminated string")]
    [InlineData("service cloud.datastore {\n}\n", 1, 9, "Unknown service 'cloud.datastore'")]
    [InlineData("service cloud.firestore {\n  match a/{b} { allow read; }\n}\n", 2, 9, "Invalid match path")]
    public void ReportsTheFirstProblemWithLineAndColumn(string source, int line, int column, string description)
    {
        var result = RulesSyntaxChecker.Check("firestore.rules", source);
        Assert.True(result.HasErrors);
        var issue = result.Issues[0];
        Assert.Equal(("firestore.rules", line, column), (issue.FileName, issue.Line, issue.Column));
        Assert.Contains(description, issue.Description, StringComparison.Ordinal);
        Assert.Equal("ERROR", issue.Severity);
    }

    [Fact]
    public void CommentsAndSemicolonFreeAllowsAreTolerated()
    {
        var result = RulesSyntaxChecker.Check("f.rules", """
            // leading comment
            service cloud.firestore { /* block
               comment */
              match /databases/{db}/documents {
                allow read: if true
                allow write: if false;
              }
            }
            """);
        Assert.Empty(result.Issues);
    }
}
