using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(VideoDefects.Benchmarks.SimdJobsConfig).Assembly).Run(args);
