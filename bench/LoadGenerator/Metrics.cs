using System.Diagnostics;
using System.Numerics;

namespace LoadGenerator;

/// <summary>A lock-free log-linear latency histogram in microseconds (32 sub-buckets per power of two: ~3%).</summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 5;
    private const int Sub = 1 << SubBits;
    private readonly long[] _counts = new long[(64 - SubBits + 1) * Sub];
    private long _max;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void RecordTicks(long stopwatchTicks)
    {
        var us = stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
        Record(us < 0 ? 0 : us);
    }

    public void Record(long us)
    {
        Interlocked.Increment(ref _counts[Index(us)]);
        Interlocked.Increment(ref _count);
        var max = Volatile.Read(ref _max);
        while (us > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, us, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    private static int Index(long us)
    {
        if (us < Sub)
        {
            return (int)us;
        }

        var e = 63 - BitOperations.LeadingZeroCount((ulong)us);
        var sub = (int)(us >> (e - SubBits)) & (Sub - 1);
        return ((e - SubBits + 1) * Sub) + sub;
    }

    private static long Upper(int index)
    {
        if (index < Sub)
        {
            return index;
        }

        var e = (index / Sub) + SubBits - 1;
        var sub = index % Sub;
        return ((long)(Sub + sub + 1) << (e - SubBits)) - 1;
    }

    /// <summary>The value (ms) at or below which <paramref name="q"/> of the samples fall; NaN without samples.</summary>
    public double PercentileMs(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(Upper(i), MaxMs * 1000) / 1000.0;
            }
        }

        return MaxMs;
    }

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;
}

/// <summary>Samples the server process from /proc: CPU time (utime+stime) and resident memory (peak of the samples).</summary>
internal sealed class ProcMonitor : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakRssKb;

    public ProcMonitor(int pid)
    {
        _pid = pid;
        _sampler = pid > 0 ? Task.Run(SampleAsync) : Task.CompletedTask;
    }

    public long PeakRssKb => Interlocked.Read(ref _peakRssKb);

    public void ResetPeak() => Interlocked.Exchange(ref _peakRssKb, RssKb());

    /// <summary>Current resident set size in KiB (VmRSS), 0 when the process is unknown.</summary>
    public long RssKb()
    {
        if (_pid <= 0)
        {
            return 0;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim());
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>CPU seconds used so far (user + system).</summary>
    public double CpuSeconds() => CpuSecondsOf(_pid);

    public static double CpuSecondsOf(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): utime is field 14, stime field 15.
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var rss = RssKb();
                if (rss > Interlocked.Read(ref _peakRssKb))
                {
                    Interlocked.Exchange(ref _peakRssKb, rss);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stop.Dispose();
    }
}
