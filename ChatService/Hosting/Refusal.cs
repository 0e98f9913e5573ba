namespace ChatService.Hosting;

/// <summary>The <c>data</c> of the conformance host's CONNECT_ERROR.</summary>
internal sealed record Refusal(string Reason);
