namespace VideoDefects.Hosting.Orleans.Watchdog;

/// <summary>The set of running monitors, in grain storage: what the watchdog keeps alive.</summary>
[Alias("videodefects.IMonitorRegistryGrain")]
internal interface IMonitorRegistryGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task AddAsync(string stream);

    [Alias("remove")]
    Task RemoveAsync(string stream);

    [Alias("list")]
    Task<string[]> GetAsync();
}

[GenerateSerializer]
[Alias("videodefects.registry-state")]
internal sealed class MonitorRegistryState
{
    [Id(0)]
    public HashSet<string> Streams { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class MonitorRegistryGrain(
    [PersistentState("registry", VideoDefectsOrleans.StorageName)] IPersistentState<MonitorRegistryState> state) : Grain, IMonitorRegistryGrain
{
    public const string DefaultKey = "default";

    public async Task AddAsync(string stream)
    {
        if (state.State.Streams.Add(stream))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string stream)
    {
        if (state.State.Streams.Remove(stream))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> GetAsync() => Task.FromResult(state.State.Streams.ToArray());
}
