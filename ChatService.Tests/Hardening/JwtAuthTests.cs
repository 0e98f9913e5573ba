using System.Security.Cryptography;
using System.Text.Json;
using ChatService.Chat.Auth;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatService.Tests.Hardening;

/// <summary>
/// Optional JWT authentication (<c>Auth:Jwt</c>): with it on, a connection needs a valid token in its handshake
/// <c>auth</c>; the token's claims give the username, and the username a client puts in <c>join_room</c> is ignored.
/// </summary>
[NonParallelizable]
public sealed class JwtAuthTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await TestHost.StartAsync(
        [$"Auth:Jwt:Key={JwtTokens.Key}", $"Auth:Jwt:Issuer={JwtTokens.Issuer}", $"Auth:Jwt:Audience={JwtTokens.Audience}", "Chat:RateLimit:Enabled=false"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    public static IEnumerable<TestCaseData> RefusedTokens()
    {
        yield return new TestCaseData(null, JwtAuthenticator.MissingTokenMessage).SetName("NoAuthPayload");
        yield return new TestCaseData("{}", JwtAuthenticator.MissingTokenMessage).SetName("NoToken");
        yield return new TestCaseData("{\"token\":\"\"}", JwtAuthenticator.MissingTokenMessage).SetName("EmptyToken");
        yield return new TestCaseData("{\"token\":42}", JwtAuthenticator.MissingTokenMessage).SetName("NumberToken");
        yield return new TestCaseData(JwtTokens.Auth("not-a-jwt"), JwtAuthenticator.InvalidTokenMessage).SetName("Garbage");
        yield return new TestCaseData(JwtTokens.Auth(new string('a', 20_000)), JwtAuthenticator.InvalidTokenMessage).SetName("HugeToken");
        yield return new TestCaseData(JwtTokens.Auth(JwtTokens.Create(key: "another-key-that-is-at-least-32-bytes!!")), JwtAuthenticator.InvalidTokenMessage).SetName("WrongKey");
        yield return new TestCaseData(JwtTokens.Auth(JwtTokens.Create(issuer: "https://evil.example")), JwtAuthenticator.InvalidTokenMessage).SetName("WrongIssuer");
        yield return new TestCaseData(JwtTokens.Auth(JwtTokens.Create(audience: "other")), JwtAuthenticator.InvalidTokenMessage).SetName("WrongAudience");
        yield return new TestCaseData(JwtTokens.Auth(JwtTokens.Unsigned()), JwtAuthenticator.InvalidTokenMessage).SetName("AlgNone");
        yield return new TestCaseData(JwtTokens.Auth(JwtTokens.Create(expiresIn: TimeSpan.FromMinutes(-5))), JwtAuthenticator.ExpiredTokenMessage).SetName("Expired");
        yield return new TestCaseData(
            JwtTokens.Auth(JwtTokens.Create(claims: new Dictionary<string, object> { ["role"] = "x" })), JwtAuthenticator.NoUsernameMessage).SetName("NoUsernameClaim");
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task AnonymousOrInvalidConnectionsGetConnectError(string? auth, string message)
    {
        await using var wire = await ChatWire.OpenAsync(_host.Address);
        var answer = await wire.ConnectNamespaceAsync(auth);
        Assert.That(answer, Is.EqualTo("44{\"message\":" + JsonSerializer.Serialize(message) + "}"));

        // The connection stays (as in socket.io): a later CONNECT with a valid token succeeds.
        Assert.That(await wire.ConnectNamespaceAsync(JwtTokens.Auth(JwtTokens.Create())), Does.StartWith("40{"));
    }

    [Test]
    public async Task TheTokenGivesTheUsernameAndThePayloadCannotImpersonate()
    {
        await using var wire = await ChatWire.ConnectAsync(_host.Address, JwtTokens.Auth(JwtTokens.Create()));
        var joined = await wire.JoinAsync("jwt-room", "Someone Else");
        Assert.That(joined.GetProperty("ok").GetBoolean(), Is.True, joined.ToString());
        var roomJoined = await wire.NextEventAsync("room_joined");
        Assert.That(roomJoined[1].GetProperty("username").GetString(), Is.EqualTo("Maria Silva"));

        var ack = await wire.CallAsync("send_message", "{\"room_id\":\"jwt-room\",\"message\":\"oi\",\"username\":\"Someone Else\"}");
        Assert.That(ack.GetProperty("message").GetProperty("username").GetString(), Is.EqualTo("Maria Silva"));
    }

    [TestCase("preferred_username", "maria.s")]
    [TestCase("sub", "user-42")]
    public async Task UsernameClaimsAreTriedInOrder(string claim, string value)
    {
        var token = JwtTokens.Create(claims: new Dictionary<string, object> { [claim] = value });
        await using var wire = await ChatWire.ConnectAsync(_host.Address, JwtTokens.Auth(token));
        await wire.JoinAsync("general", "ignored");
        Assert.That((await wire.NextEventAsync("room_joined"))[1].GetProperty("username").GetString(), Is.EqualTo(value));
    }

    [Test]
    public async Task AReservedNameInTheTokenIsStillRefusedAtJoin()
    {
        var token = JwtTokens.Create(claims: new Dictionary<string, object> { ["name"] = "bot" });
        await using var wire = await ChatWire.ConnectAsync(_host.Address, JwtTokens.Auth(token));
        var joined = await wire.JoinAsync("general", "whatever");
        Assert.That(joined.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("invalid_username"));
    }

    [Test]
    public async Task AsymmetricTokensValidateAgainstAConfiguredKeySet()
    {
        using var rsa = RSA.Create(2048);
        await using var host = await TestHost.StartAsync([$"Auth:Jwt:JsonWebKeySet={JwtTokens.JsonWebKeySet(rsa, "k1")}"]);
        var signing = new RsaSecurityKey(rsa) { KeyId = "k1" };
        var token = JwtTokens.Create(signingKey: signing, algorithm: SecurityAlgorithms.RsaSha256);
        await using (var wire = await ChatWire.ConnectAsync(host.Address, JwtTokens.Auth(token)))
        {
            Assert.That(wire.SocketId, Is.Not.Empty);
        }

        // An HS256 token made with the public key as a secret (the classic confusion attack) is refused.
        await using var confused = await ChatWire.OpenAsync(host.Address);
        var hs = JwtTokens.Create(key: JwtTokens.JsonWebKeySet(rsa, "k1"));
        Assert.That(await confused.ConnectNamespaceAsync(JwtTokens.Auth(hs)), Does.StartWith("44{"));
    }

    [Test]
    public async Task OffByDefault()
    {
        await using var host = await TestHost.StartAsync();
        await using var wire = await ChatWire.ConnectAsync(host.Address);
        Assert.That(wire.SocketId, Is.Not.Empty);
    }

    [TestCase("Auth:Jwt:Key=short")]
    [TestCase("Auth:Jwt:Issuer=https://id.example")]
    [TestCase("Auth:Jwt:JsonWebKeySet=not json")]
    public void AnUnusableConfigurationStopsTheStart(string setting)
    {
        Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await TestHost.StartAsync([setting]);
        });
    }
}
