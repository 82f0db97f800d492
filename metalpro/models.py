from django.db import models


class Sequence(models.Model):
    """A counter per document kind and year (RFQ-2026-00042, CMD-2026-00007)."""

    name = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="sequence_name_year_unique")]

    def __str__(self) -> str:
        return f"{self.name}-{self.year}: {self.last_value}"
