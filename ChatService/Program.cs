using ChatService.Hosting;

ChatServiceHost.Build(args).Run();

/// <summary>The entry point (public so that tests can reach the assembly).</summary>
public partial class Program;
