// The namespace Oslo.Messaging.Transports holds the class Transport; test namespaces mirror it, so one alias for all files.
global using Oslo.Messaging.Transports;
