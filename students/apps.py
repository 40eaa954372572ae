from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("SOSU trainees")

    def ready(self):
        from carecore.roles import Role, register_permissions

        register_permissions(
            {
                Role.TRAINEE_COORDINATOR: {
                    "students.view_trainee",
                    "students.add_trainee",
                    "students.change_trainee",
                    "students.view_placement",
                    "students.add_placement",
                    "students.change_placement",
                    "students.view_meeting",
                    "students.change_meeting",
                    "students.add_applicant",
                    "students.change_applicant",
                    "students.view_applicant",
                    "students.add_infomeeting",
                    "students.view_infomeeting",
                    "students.add_registration",
                },
                Role.TRAINEE_SUPERVISOR: {
                    "students.view_trainee",
                    "students.view_placement",
                    "students.view_meeting",
                    "students.change_meeting",
                },
                Role.LEADER: {"students.view_trainee", "students.view_placement", "students.view_meeting"},
            }
        )
