using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "ops")
{
    return await DataStoryBot.Bench.OpsBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(DataStoryBot.Bench.OpsBench).Assembly).Run(args);
return 0;
