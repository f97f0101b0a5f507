from odoo import api, models


class ScrmCachedConfig(models.AbstractModel):
    """Configuration whose look-ups are cached with ``tools.ormcache`` (every
    email, message or ticket needs them): creating or deleting a record, or
    writing one of ``_scrm_cached_fields`` (any field when empty), empties the
    registry's caches, in every worker."""

    _name = "scrm.cached.config"
    _description = "SCRM Cached Configuration"
    _scrm_cached_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        if not self._scrm_cached_fields or set(self._scrm_cached_fields) & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
