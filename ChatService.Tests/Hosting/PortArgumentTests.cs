using ChatService.Hosting;

namespace ChatService.Tests.Hosting;

public sealed class PortArgumentTests
{
    [TestCase(new[] { "--port", "5001" }, new[] { "--urls=http://localhost:5001" })]
    [TestCase(new[] { "--port=5002", "--Chat:MaxMessageLength=10" }, new[] { "--urls=http://localhost:5002", "--Chat:MaxMessageLength=10" })]
    [TestCase(new[] { "-p", "0" }, new[] { "--urls=http://localhost:0" })]
    [TestCase(new[] { "--Mode=Conformance" }, new[] { "--Mode=Conformance" })]
    public void RewritesPortToUrls(string[] args, string[] expected) => Assert.That(PortArgument.Rewrite(args), Is.EqualTo(expected));

    [TestCase("abc")]
    [TestCase("70000")]
    public void RefusesABadPort(string port) => Assert.Throws<ArgumentException>(() => PortArgument.Rewrite(["--port", port]));
}
