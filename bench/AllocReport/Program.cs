using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// AllocReport <trace.nettrace> [--per N] [--unit NAME] [--top N] [--stacks N]
//   --per N     divide every figure by N (e.g. the messages sent while the trace ran): bytes per message
//   --unit NAME what N counts, for the heading (default "unit")
//   --top N     types listed (default 15)
//   --stacks N  allocation stacks listed for each of the N largest types (default 3)
// The runtime samples one allocation tick per ~100 KB allocated, with the type and the stack of the allocation
// that crossed the threshold: the figures are estimates, good to a few percent over a few seconds of load.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: AllocReport <trace.nettrace> [--per N] [--unit NAME] [--top N] [--stacks N]");
    return 2;
}

var per = 1.0;
var unit = "unit";
var top = 15;
var stackTypes = 3;
for (var i = 1; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--per": per = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--unit": unit = args[i + 1]; break;
        case "--top": top = int.Parse(args[i + 1]); break;
        case "--stacks": stackTypes = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var byType = new Dictionary<string, long>();
var byStack = new Dictionary<string, Dictionary<string, long>>();
long total = 0;
using (var log = TraceLog.OpenOrConvert(TraceLog.CreateFromEventPipeDataFile(args[0])))
{
    foreach (var ev in log.Events)
    {
        if (ev is not GCAllocationTickTraceData tick)
        {
            continue;
        }

        var type = tick.TypeName ?? "?";
        byType[type] = byType.GetValueOrDefault(type) + tick.AllocationAmount64;
        total += tick.AllocationAmount64;
        var stacks = byStack.TryGetValue(type, out var s) ? s : byStack[type] = [];
        var key = Stack(ev.CallStack());
        stacks[key] = stacks.GetValueOrDefault(key) + tick.AllocationAmount64;
    }
}

Console.WriteLine(per == 1.0 ? $"allocated (sampled): {total:N0} bytes" : $"allocated (sampled): {total / per:N0} bytes per {unit} ({per:N0} of them)");
foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Take(top))
{
    Console.WriteLine($"{bytes * 100.0 / total,6:F1} %  {bytes / per,12:N0}  {type}");
}

foreach (var (type, _) in byType.OrderByDescending(p => p.Value).Take(stackTypes))
{
    Console.WriteLine($"\n--- where {type} is allocated");
    foreach (var (stack, bytes) in byStack[type].OrderByDescending(p => p.Value).Take(3))
    {
        Console.WriteLine($"{bytes * 100.0 / total,6:F1} %  {bytes / per,12:N0}\n{stack}");
    }
}

return 0;

static string Stack(TraceCallStack? stack)
{
    var frames = new List<string>();
    for (var frame = stack; frame is not null && frames.Count < 8; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        if (!string.IsNullOrEmpty(name))
        {
            frames.Add("    " + (name.Length > 120 ? name[..120] : name));
        }
    }

    return string.Join('\n', frames);
}
