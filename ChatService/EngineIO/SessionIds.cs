using System.Buffers.Text;
using System.Security.Cryptography;

namespace ChatService.EngineIO;

/// <summary>Random identifiers: 15 bytes from a cryptographic source as 20 URL-safe characters.</summary>
public static class SessionIds
{
    /// <summary>A new identifier.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
