"""Taking the pack's diagnostic messages apart into finding text and fix."""

from stackcheck import split_message


def test_description_finding_and_fix_line():
    message = "Roles need trust conditions.\nrole (trust policy, statement 1): no condition.\nFix: Add aws:SourceArn."
    assert split_message(message, "Roles need trust conditions.") == (
        "role (trust policy, statement 1): no condition.", "Add aws:SourceArn.")


def test_multiline_findings_and_fixes_take_the_last_fix_line():
    message = "Desc.\nfirst line\nFix: mentioned in passing\nsecond line\nFix: do this\nand then that"
    assert split_message(message, "Desc.") == ("first line\nFix: mentioned in passing\nsecond line",
                                               "do this\nand then that")


def test_messages_without_a_fix_line_degrade_gracefully():
    assert split_message("Desc.\njust a finding", "Desc.") == ("just a finding", "")
    assert split_message("no description prefix here", "Desc.") == ("no description prefix here", "")
    assert split_message("Desc.", "Desc.") == ("", "")
    assert split_message("Fix: only a fix") == ("", "only a fix")
