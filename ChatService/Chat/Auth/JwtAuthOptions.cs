namespace ChatService.Chat.Auth;

/// <summary>
/// Optional JWT authentication of Socket.IO connections, bound from <c>Auth:Jwt</c>. Off unless a key is
/// configured (<see cref="Key"/> or <see cref="JsonWebKeySet"/>). When on, every connection must present a
/// valid token in its handshake <c>auth</c> payload (<c>io(url, { auth: { token } })</c>); the token's
/// claims give the username, and anonymous or invalid connections get <c>connect_error</c>.
/// </summary>
public sealed class JwtAuthOptions
{
    /// <summary>
    /// The HS256 shared secret (its UTF-8 bytes; at least 32 bytes). The default is empty (no shared secret).
    /// </summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// Public signing keys as a JSON Web Key Set (<c>{"keys":[…]}</c>), for RS256/ES256/PS256 tokens from an
    /// identity provider. The default is empty.
    /// </summary>
    public string JsonWebKeySet { get; set; } = "";

    /// <summary>The required <c>iss</c>; empty (the default) does not check the issuer.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The required <c>aud</c>; empty (the default) does not check the audience.</summary>
    public string Audience { get; set; } = "";

    /// <summary>
    /// The claims that give the username, the first present one wins. The default is <c>name</c>,
    /// <c>preferred_username</c>, <c>sub</c>.
    /// </summary>
    public string[] UsernameClaims { get; set; } = ["name", "preferred_username", "sub"];

    /// <summary>Tolerated clock difference for <c>exp</c> and <c>nbf</c>. The default is 1 minute.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether authentication is on: a key or a key set is configured.</summary>
    public bool Enabled => Key.Length > 0 || JsonWebKeySet.Length > 0;
}
