// The namespace Oslo.Messaging.Transport holds the class Transport; test namespaces mirror it, so one alias for all files.
global using MessagingTransport = Oslo.Messaging.Transport.Transport;
