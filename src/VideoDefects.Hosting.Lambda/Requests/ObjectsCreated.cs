namespace VideoDefects.Hosting.Lambda.Requests;

/// <summary>The created objects of an S3 event notification.</summary>
/// <param name="Objects">Each object, key decoded.</param>
public sealed record ObjectsCreated(IReadOnlyList<S3Location> Objects) : InvocationEvent;
