// The whole custom-runtime bootstrap: serve Lambda events with the VideoDefects handler until the environment stops.
return await VideoDefects.Hosting.Lambda.LambdaFunction.RunAsync();
