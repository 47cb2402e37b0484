#!/usr/bin/env python3
"""A real SMTP server on loopback for the e-mail tests: aiosmtpd, advertising SMTPUTF8 and 8BITMIME, writing each
message it accepts to OUT_DIR as N.json ({mail_from, rcpt_tos, mail_options, data}). It prints "ready PORT" and runs
until it is killed.

usage: smtp_sink.py PORT OUT_DIR
"""
import json
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, out):
        self.out = out
        self.count = len(os.listdir(out))

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                  "mail_options": envelope.mail_options,
                  "data": envelope.original_content.decode("utf-8", "replace")}
        path = os.path.join(self.out, f"{self.count}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(path + ".tmp", path)
        return "250 OK"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    controller = Controller(Keep(out), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True, decode_data=False)
    controller.start()
    print(f"ready {port}", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
