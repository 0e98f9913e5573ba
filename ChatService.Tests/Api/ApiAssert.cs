using System.Net;
using System.Text.Json;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Api;

/// <summary>Reads JSON responses and checks their shape.</summary>
public static class ApiAssert
{
    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>GETs <paramref name="url"/>, expects a ProblemDetails with <paramref name="status"/>, returns its detail.</summary>
    public static async Task<string> GetProblemAsync(HttpClient client, string url, HttpStatusCode status)
    {
        using var response = await client.GetAsync(url).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        return problem.GetProperty("detail").GetString()!;
    }

    public static string[] PropertyNames(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
