"""Files uploaded through the portal or a public form: every upload path of
the SCRM addons reads them here and posts them with ``guarded_post``, so that
the same limits and Odoo's own guard apply to all of them.

Odoo stores an HTML or SVG upload as ``text/plain`` (``ir.attachment``'s
``_check_contents``) unless the writer may edit views, which a superuser may:
a message posted with ``sudo()`` on a visitor's behalf would keep such a file
as HTML and serve it inline on our own origin. ``guarded_post`` sets Odoo's
``attachments_mime_plainxml`` context, so the guard applies whoever writes.
"""

import os

from .validation import InputCheck, InputError

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_COUNT = 10
FILENAME_SIZE = 255


def read_uploads(env, files, max_size=MAX_UPLOAD_SIZE, max_count=MAX_UPLOAD_COUNT):
    """``[(name, content)]`` of the uploaded ``files`` (werkzeug
    ``FileStorage``), empty ones skipped, names without NUL bytes, control
    characters or folders. Raises ``InputError`` (translated) on too many
    files, a file larger than ``max_size`` or a name too long."""
    check = InputCheck(env)
    uploads = [upload for upload in files or () if upload and upload.filename]
    if len(uploads) > max_count:
        raise InputError(
            env._("Send at most %(count)s files at once.", count=max_count)
        )
    attachments = []
    for upload in uploads:
        raw_name = os.path.basename(upload.filename.replace("\\", "/"))
        name = check.text(raw_name, env._("File name"), size=FILENAME_SIZE)
        if not name:
            raise InputError(env._("A file has no name."))
        # Read one byte more than allowed: enough to know, not the whole file.
        content = upload.read(max_size + 1)
        if len(content) > max_size:
            raise InputError(
                env._(
                    "“%(name)s” is larger than %(size)s MB.",
                    name=name,
                    size=max_size // (1024 * 1024),
                )
            )
        attachments.append((name, content))
    return attachments


def guarded_post(record, **kwargs):
    """``record.message_post(**kwargs)`` with Odoo's upload guard on, whoever
    posts (HTML, SVG and XML files are stored as plain text)."""
    return record.with_context(attachments_mime_plainxml=True).message_post(**kwargs)
