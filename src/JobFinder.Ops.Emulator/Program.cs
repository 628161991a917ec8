var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/_emulator/info", () => Results.Json(new { name = "JobFinder.Ops.Emulator" }));
app.Run();
