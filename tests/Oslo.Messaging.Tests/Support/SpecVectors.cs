namespace Oslo.Messaging.Tests.Support;

/// <summary>The captured oslo messages (docs/wire-protocol.md, "Captured oslo messages"), verbatim from the RabbitMQ firehose (Python oslo.messaging 14.0.3).</summary>
internal static class SpecVectors
{
    /// <summary>(a) call request: exchange "openstack", routing key "spec_topic", expiration "60000".</summary>
    public const string CallRequest = """
        {"oslo.version": "2.0", "oslo.message": "{\"method\": \"echo\", \"args\": {\"a\": 1, \"b\": [1, 2], \"c\": {\"x\": null}, \"s\": \"str\"}, \"version\": \"1.1\", \"_msg_id\": \"3950285df9304fa0bcf263ef91c25737\", \"_reply_q\": \"reply_9eee15414b694af8aa88826ff7b0e9ba\", \"_timeout\": null, \"_unique_id\": \"3424ddde81d04384add0844a1caace77\", \"_context_user\": \"alice\", \"_context_request_id\": \"req-1\", \"_context_roles\": [\"admin\"]}"}
        """;

    /// <summary>(b) success reply to (a): the endpoint echoed its context (note the injected client_timeout).</summary>
    public const string SuccessReply = """
        {"oslo.version": "2.0", "oslo.message": "{\"result\": {\"ctxt\": {\"user\": \"alice\", \"request_id\": \"req-1\", \"roles\": [\"admin\"], \"client_timeout\": null}, \"kw\": {\"a\": 1, \"b\": [1, 2], \"c\": {\"x\": null}, \"s\": \"str\"}}, \"failure\": null, \"ending\": true, \"_msg_id\": \"3950285df9304fa0bcf263ef91c25737\", \"_unique_id\": \"1dcdf53ea5fd46309f1310fb73cc4498\"}"}
        """;

    /// <summary>(c) failure reply: expected_exceptions(KeyError) raised KeyError('missing').</summary>
    public const string FailureReply = """
        {"oslo.version": "2.0", "oslo.message": "{\"result\": null, \"failure\": \"{\\\"class\\\": \\\"KeyError\\\", \\\"module\\\": \\\"builtins\\\", \\\"message\\\": \\\"'missing'\\\", \\\"tb\\\": [\\\"Traceback (most recent call last):\\\\n\\\", \\\"  File \\\\\\\"<dist-packages>/oslo_messaging/rpc/server.py\\\\\\\", line 244, in inner\\\\n    return func(*args, **kwargs)\\\\n           ^^^^^^^^^^^^^^^^^^^^^\\\\n\\\", \\\"  File \\\\\\\"server.py\\\\\\\", line 24, in fail_expected\\\\n    raise KeyError('missing')\\\\n\\\", \\\"KeyError: 'missing'\\\\n\\\"], \\\"args\\\": [\\\"missing\\\"], \\\"kwargs\\\": {}}\", \"ending\": true, \"_msg_id\": \"b52375d154b44ad7a7251d58cedb2adf\", \"_unique_id\": \"59f0db4c52e241e1836f616c2894d5c9\"}"}
        """;

    /// <summary>(d) cast: exchange "openstack", routing key "spec_topic", no expiration.</summary>
    public const string Cast = """
        {"oslo.version": "2.0", "oslo.message": "{\"method\": \"note\", \"args\": {\"kind\": \"cast\"}, \"version\": \"1.1\", \"_unique_id\": \"6a765ce85a234ef186c6be07e10cc524\", \"_context_user\": \"alice\", \"_context_request_id\": \"req-1\", \"_context_roles\": [\"admin\"]}"}
        """;

    /// <summary>(e) fanout cast: exchange "spec_topic_fanout", routing key "".</summary>
    public const string FanoutCast = """
        {"oslo.version": "2.0", "oslo.message": "{\"method\": \"note\", \"args\": {\"kind\": \"fanout\"}, \"version\": \"1.1\", \"_unique_id\": \"c24e46b816384ad6b6955acab2a3f555\", \"_context_user\": \"alice\", \"_context_request_id\": \"req-1\", \"_context_roles\": [\"admin\"]}"}
        """;

    /// <summary>(f) monitored call (timeout=20, call_monitor_timeout=2): expiration "20000".</summary>
    public const string MonitoredCall = """
        {"oslo.version": "2.0", "oslo.message": "{\"method\": \"slow\", \"args\": {\"secs\": 4}, \"version\": \"1.1\", \"_msg_id\": \"628d89114d794974ab9a486214115687\", \"_reply_q\": \"reply_36da71fa6b6840ad9cedc6a21c39e50c\", \"_timeout\": 2, \"_unique_id\": \"9c58a1fa26874970af7d03c450f03f86\", \"_context_user\": \"alice\", \"_context_request_id\": \"req-1\", \"_context_roles\": [\"admin\"]}"}
        """;

    /// <summary>(f) one of the three heartbeats of the monitored call.</summary>
    public const string Heartbeat = """
        {"oslo.version": "2.0", "oslo.message": "{\"result\": null, \"failure\": null, \"ending\": false, \"_msg_id\": \"628d89114d794974ab9a486214115687\", \"_unique_id\": \"7afb5f12a1e64e109c3d064ff59fce3b\"}"}
        """;
}
