"""One module per rule family. Each rule turns a resource's documents into findings; it never
parses JSON, matches wildcards or talks to the SDK itself."""
