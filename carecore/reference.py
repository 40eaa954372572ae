"""Reference data the apps ship as model defaults (stay types, the service catalogue)."""


def add_missing_rows(model, fields, rows):
    """Reference data: add each row (a tuple of `fields`, the first the key; `order` as listed) whose key
    the table lacks. Only what is missing is added, so an administrator's edits stay."""
    key = fields[0]
    have = set(model.objects.values_list(key, flat=True))
    model.objects.bulk_create(
        [
            model(**dict(zip(fields, row, strict=True)), order=n)
            for n, row in enumerate(rows)
            if row[0] not in have
        ]
    )
