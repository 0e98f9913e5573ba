namespace ChatService.Tests.Infrastructure;

/// <summary>
/// Starts the service in conformance mode, whose <c>/engine.io/</c> endpoint is a bare Engine.IO server that
/// echoes every message. Heartbeats are slow unless a test asks for the short ones, so that pings never
/// slip into bodies a test compares.
/// </summary>
public static class EngineIOEchoHost
{
    public static readonly string[] ShortHeartbeat = ["EngineIO:PingInterval=00:00:00.300", "EngineIO:PingTimeout=00:00:00.200"];

    public static readonly string[] SlowHeartbeat = ["EngineIO:PingInterval=00:00:30", "EngineIO:PingTimeout=00:00:20"];

    public static Task<TestHost> StartAsync(params string[] settings) =>
        TestHost.StartAsync(["Mode=Conformance", .. SlowHeartbeat, .. settings]);
}
