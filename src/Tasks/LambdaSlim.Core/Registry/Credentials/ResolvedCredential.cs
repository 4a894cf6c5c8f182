namespace LambdaSlim.Core.Registry.Credentials;

/// <summary>A credential and a description of where it came from (for error messages; never the secret).</summary>
public sealed record ResolvedCredential(RegistryCredential Credential, string Source);
