using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatService.Tests.Hardening;

/// <summary>Makes the JWTs the authentication tests present (signed with Microsoft.IdentityModel, or deliberately broken).</summary>
public static class JwtTokens
{
    public const string Key = "a-test-key-that-is-at-least-32-bytes-long!";
    public const string Issuer = "https://id.integracao.example";
    public const string Audience = "chat";

    public static string Create(
        IDictionary<string, object>? claims = null,
        string key = Key,
        string issuer = Issuer,
        string audience = Audience,
        TimeSpan? expiresIn = null,
        SecurityKey? signingKey = null,
        string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var issued = expires < now ? expires - TimeSpan.FromMinutes(10) : now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Claims = claims ?? new Dictionary<string, object> { ["name"] = "Maria Silva", ["sub"] = "user-1" },
            SigningCredentials = new SigningCredentials(signingKey ?? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string Unsigned()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["name"] = "Maria Silva", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600,
        }));
        return header + "." + payload + ".";
    }

    /// <summary>A JSON Web Key Set with the public half of <paramref name="rsa"/> as key <paramref name="keyId"/>.</summary>
    public static string JsonWebKeySet(RSA rsa, string keyId)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = keyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
    }

    /// <summary>The handshake <c>auth</c> payload carrying <paramref name="token"/>.</summary>
    public static string Auth(string token) => JsonSerializer.Serialize(new { token });

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
