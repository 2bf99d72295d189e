var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddVideoDefectMonitoring(builder.Configuration);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
await builder.Build().RunAsync();
