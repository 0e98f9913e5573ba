using System.Text;
using System.Text.Json;
using ChatService.SocketIO;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatService.Chat.Auth;

/// <summary>
/// The JWT connection middleware: validates <c>auth.token</c> with Microsoft.IdentityModel (signature,
/// lifetime, and issuer/audience when configured) and binds the username from the claims
/// (<see cref="ChatIdentity"/>). Registered only when <see cref="JwtAuthOptions.Enabled"/>.
/// </summary>
public sealed partial class JwtAuthenticator
{
    /// <summary>The message of the CONNECT_ERROR for a connection without a token.</summary>
    public const string MissingTokenMessage = "authentication required";

    /// <summary>The message of the CONNECT_ERROR for a token that fails validation.</summary>
    public const string InvalidTokenMessage = "invalid token";

    /// <summary>The message of the CONNECT_ERROR for an expired token.</summary>
    public const string ExpiredTokenMessage = "token expired";

    /// <summary>The message of the CONNECT_ERROR for a valid token without a username claim.</summary>
    public const string NoUsernameMessage = "token has no username claim";

    private const int MaxTokenBytes = 16 * 1024;
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JwtAuthOptions _options;
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = MaxTokenBytes };
    private readonly TokenValidationParameters? _parameters;
    private readonly ILogger _logger;

    /// <summary>Creates the middleware; throws <see cref="OptionsValidationException"/> for an unusable configuration.</summary>
    public JwtAuthenticator(IOptions<JwtAuthOptions> options, TimeProvider time, ILogger<JwtAuthenticator> logger)
    {
        _options = options.Value;
        _logger = logger;
        _parameters = _options.Enabled ? CreateParameters(_options, time) : null;
        if (!_options.Enabled && (_options.Issuer.Length > 0 || _options.Audience.Length > 0))
        {
            throw new OptionsValidationException("Auth:Jwt", typeof(JwtAuthOptions), ["Auth:Jwt:Issuer/Audience need Auth:Jwt:Key or Auth:Jwt:JsonWebKeySet."]);
        }
    }

    /// <summary>Whether authentication is on.</summary>
    public bool Enabled => _parameters is not null;

    /// <summary>Registers the middleware on <paramref name="ns"/> when authentication is on (before any other middleware).</summary>
    public void Map(SocketIONamespace ns)
    {
        if (Enabled)
        {
            ns.Use(AuthenticateAsync);
        }
    }

    private async ValueTask<SocketIOConnectError?> AuthenticateAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        var token = socket.Handshake.GetAuthString("token");
        if (string.IsNullOrEmpty(token))
        {
            Log.Refused(_logger, socket.Handshake.Address?.ToString(), "missing");
            return new SocketIOConnectError(MissingTokenMessage);
        }

        if (Encoding.UTF8.GetByteCount(token) > MaxTokenBytes)
        {
            Log.Refused(_logger, socket.Handshake.Address?.ToString(), "too large");
            return new SocketIOConnectError(InvalidTokenMessage);
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            var expired = result.Exception is SecurityTokenExpiredException;
            Log.Refused(_logger, socket.Handshake.Address?.ToString(), result.Exception?.GetType().Name ?? "invalid");
            return new SocketIOConnectError(expired ? ExpiredTokenMessage : InvalidTokenMessage);
        }

        var username = UsernameFrom(result.Claims);
        if (username is null)
        {
            Log.Refused(_logger, socket.Handshake.Address?.ToString(), "no username claim");
            return new SocketIOConnectError(NoUsernameMessage);
        }

        socket.Items[ChatIdentity.UsernameItemKey] = username;
        return null;
    }

    private string? UsernameFrom(IDictionary<string, object> claims)
    {
        foreach (var name in _options.UsernameClaims)
        {
            if (claims.TryGetValue(name, out var value))
            {
                var text = value switch
                {
                    string s => s,
                    JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static bool ValidateLifetime(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan skew)
    {
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } nbf && nbf > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        if (exp < now - skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        }

        return true;
    }

    private static TokenValidationParameters CreateParameters(JwtAuthOptions options, TimeProvider time)
    {
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        var errors = new List<string>();
        if (options.Key.Length > 0)
        {
            var bytes = Encoding.UTF8.GetBytes(options.Key);
            if (bytes.Length < 32)
            {
                errors.Add("Auth:Jwt:Key must be at least 32 bytes (256 bits) for HS256.");
            }

            keys.Add(new SymmetricSecurityKey(bytes));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (options.JsonWebKeySet.Length > 0)
        {
            try
            {
                keys.AddRange(new JsonWebKeySet(options.JsonWebKeySet).GetSigningKeys());
                algorithms.AddRange(AsymmetricAlgorithms);
            }
            catch (ArgumentException ex)
            {
                errors.Add("Auth:Jwt:JsonWebKeySet is not a JSON Web Key Set: " + ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Auth:Jwt", typeof(JwtAuthOptions), errors);
        }

        return new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.ClockSkew,
            ValidateIssuer = options.Issuer.Length > 0,
            ValidIssuer = options.Issuer.Length > 0 ? options.Issuer : null,
            ValidateAudience = options.Audience.Length > 0,
            ValidAudience = options.Audience.Length > 0 ? options.Audience : null,
            // Lifetime checked against the injected clock (IdentityModel's own reads the system clock).
            LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime, options.ClockSkew),
        };
    }
}
