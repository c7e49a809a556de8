"""Custom exception module used by the interop servers/clients.

A client only re-creates these exceptions when 'interopmod' is listed in its
allowed_remote_exmods (oslo_client.py --allowed-exmods interopmod); otherwise
they arrive as oslo_messaging.RemoteError(exc_type='InteropError').
"""


class InteropError(Exception):
    """Exception with positional args and a ``kwargs`` attribute.

    oslo.messaging serialises ``args`` and ``kwargs`` into the failure payload
    and rebuilds the exception with ``InteropError(*args, **kwargs)``.
    """

    def __init__(self, message='interop error', **kwargs):
        super().__init__(message)
        self.kwargs = kwargs
