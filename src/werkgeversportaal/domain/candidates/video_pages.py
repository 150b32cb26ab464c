"""Recording and uploading the video (candidate) and moderating it (accountmanager)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, MultipartBody
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, Video, VideoStatus
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.candidates import videos
from werkgeversportaal.domain.candidates.deps import candidate_service
from werkgeversportaal.domain.candidates.schemas import RejectVideoForm
from werkgeversportaal.domain.candidates.self_pages import own_candidate
from werkgeversportaal.domain.candidates.services import CandidateService
from werkgeversportaal.lib.forms import parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.sql import fetch_rows, prebuilt

# The route's own ceiling; the configured limit (settings.media.max_upload_mb) is enforced while streaming.
UPLOAD_CEILING = 4 * 1024 * 1024 * 1024


def _refused(exc: videos.UploadRefused) -> Response[dict[str, Any]]:
    headers = {"Retry-After": "60"} if exc.retry else None
    return Response({"ok": False, "message": exc.message, "retry": exc.retry}, status_code=exc.status,
                    media_type=MediaType.JSON, headers=headers)


def _accepted(video: Video) -> Response[dict[str, Any]]:
    return Response({"ok": True, "video_id": str(video.id), "status": video.status.value,
                     "message": _("Uw video is ontvangen. We maken hem nu klaar.")},
                    status_code=201, media_type=MediaType.JSON)


class CandidateVideoController(Controller):
    path = "/kandidaat/video"
    guards = [requires(Permission.CANDIDATE_SELF)]
    dependencies = {**runtime_dependency, **candidate_service}
    include_in_schema = False

    @get("/", name="candidate_video", opt={"allow_camera": True})
    async def page(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                   runtime: NamedDependency[Runtime]) -> Template:
        candidate = await own_candidate(request, candidates)
        video = await videos.latest_video(candidates.repository.session, candidate.id)
        media = runtime.settings.media
        return render(request, "candidate/video.html", {
            "candidate": candidate, "video": video, "media": videos.urls(runtime, video) if video else {},
            "max_seconds": media.max_video_seconds, "min_seconds": media.min_video_seconds,
            "max_bytes": media.max_upload_bytes, "language": _actor(request).language,
        })

    @get("/status", name="candidate_video_status")
    async def status(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                     runtime: NamedDependency[Runtime]) -> Template:
        candidate = await own_candidate(request, candidates)
        video = await videos.latest_video(candidates.repository.session, candidate.id)
        return render(request, "candidate/fragment_video_status.html", {
            "video": video, "media": videos.urls(runtime, video) if video else {},
            "language": _actor(request).language,
        })

    @post("/doel", name="candidate_video_target")
    async def target(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                     runtime: NamedDependency[Runtime]) -> Response[Any]:
        """Where the browser sends the recording: the app itself (local) or the bucket (S3 presigned POST)."""
        candidate = await own_candidate(request, candidates)
        try:
            await videos.check_may_upload(candidates.repository.session, runtime, candidate)
        except videos.UploadRefused as exc:
            return _refused(exc)
        content_type = request.query_params.get("type") or "video/webm"
        target = videos.upload_target(runtime, candidate, content_type)
        body: dict[str, Any] = {"ok": True, "kind": target.kind, "key": target.key, "max_bytes": target.max_bytes,
                                "url": target.url or "/kandidaat/video/upload", "fields": target.fields,
                                "content_type": target.content_type}
        return Response(body, status_code=200, media_type=MediaType.JSON)

    @post("/upload", name="candidate_video_upload", request_max_body_size=UPLOAD_CEILING)
    async def upload(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                     runtime: NamedDependency[Runtime]) -> Response[Any]:
        """The raw recording as the request body (local backend), streamed straight to storage."""
        candidate = await own_candidate(request, candidates)
        length = request.headers.get("content-length")
        try:
            video = await videos.receive_upload(
                candidates.repository.session, runtime, candidate, _actor(request), request.stream(),
                request.headers.get("content-type", "application/octet-stream"),
                int(length) if length and length.isdigit() else None)
        except videos.UploadRefused as exc:
            return _refused(exc)
        return _accepted(video)

    @post("/bevestigen", name="candidate_video_confirm")
    async def confirm(self, request: Request[Any, Any, Any], candidates: NamedDependency[CandidateService],
                      runtime: NamedDependency[Runtime]) -> Response[Any]:
        """After a direct upload to the bucket: record it and start processing."""
        candidate = await own_candidate(request, candidates)
        form = await request.form()
        try:
            video = await videos.confirm_upload(candidates.repository.session, runtime, candidate, _actor(request),
                                                str(form.get("key") or ""))
        except videos.UploadRefused as exc:
            return _refused(exc)
        return _accepted(video)


_video, _candidate = Video.__table__.c, Candidate.__table__.c
# The accountmanager's moderation queue: processed videos of their municipality waiting for a decision.
MODERATION_QUEUE = prebuilt(
    select(_video.id, _video.created_at, _video.duration_s, _candidate.given_name, _candidate.family_name)
    .select_from(Video.__table__.join(Candidate.__table__, _candidate.id == _video.candidate_id))
    .where(videos.VIDEO_IN_MUNICIPALITY, *videos.AWAITING_MODERATION)
    .order_by(_video.created_at)
)


class VideoModerationController(Controller):
    path = "/accountmanager/videos"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**runtime_dependency, **candidate_service}
    include_in_schema = False

    @get("/", name="am_videos", opt=AUTOCOMMIT_OPT)
    async def queue(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Template:
        rows = await fetch_rows(db_session, MODERATION_QUEUE, {"municipality_id": _actor(request).municipality_id})
        return render(request, "account_manager/videos.html", {"rows": rows})

    @get("/{video_id:uuid}", name="am_video")
    async def watch(self, request: Request[Any, Any, Any], video_id: FromPath[UUID],
                    candidates: NamedDependency[CandidateService], runtime: NamedDependency[Runtime]) -> Template:
        video, candidate = await self._managed(request, candidates, video_id)
        return render(request, "account_manager/video.html", self._context(runtime, video, candidate, {}))

    @post("/{video_id:uuid}/goedkeuren", name="am_video_approve")
    async def approve(self, request: Request[Any, Any, Any], video_id: FromPath[UUID],
                      candidates: NamedDependency[CandidateService]) -> Redirect:
        video, candidate = await self._managed(request, candidates, video_id, ready=True)
        await videos.moderate(candidates.repository.session, video, _actor(request), approve=True)
        flash(request, _("De video van %(name)s is goedgekeurd.", name=candidate.given_name))
        return redirect("/accountmanager/videos")

    @post("/{video_id:uuid}/afkeuren", name="am_video_reject")
    async def reject(self, request: Request[Any, Any, Any], video_id: FromPath[UUID],
                     candidates: NamedDependency[CandidateService], runtime: NamedDependency[Runtime]) -> Response[Any]:
        video, candidate = await self._managed(request, candidates, video_id, ready=True)
        form = await parse_form(request, RejectVideoForm)
        if not form.ok or form.data is None:
            return render(request, "account_manager/video.html",
                          self._context(runtime, video, candidate, form.errors, form.values), status_code=400)
        await videos.moderate(candidates.repository.session, video, _actor(request), approve=False,
                              reason=form.data.reason)
        flash(request, _("De video is afgekeurd. %(name)s ziet de reden en kan een nieuwe video maken.",
                         name=candidate.given_name))
        return redirect("/accountmanager/videos")

    @post("/{video_id:uuid}/ondertiteling", name="am_video_captions")
    async def captions(self, request: Request[Any, Any, Any], video_id: FromPath[UUID],
                       candidates: NamedDependency[CandidateService], runtime: NamedDependency[Runtime],
                       data: MultipartBody[dict[str, Any]]) -> Response[Any]:
        video, candidate = await self._managed(request, candidates, video_id, ready=True)
        text = str(data.get("captions") or "")
        upload = data.get("captions_file")
        if isinstance(upload, UploadFile) and upload.filename:
            raw = await upload.read(512 * 1024 + 1)
            text = "" if len(raw) > 512 * 1024 else raw.decode("utf-8", errors="replace")
        if not videos.is_webvtt(text.strip()):
            errors = {"captions": _("Dit is geen WebVTT-ondertiteling. Het bestand begint met de regel WEBVTT en "
                                    "heeft tijden zoals 00:00:01.000 --> 00:00:04.000.")}
            return render(request, "account_manager/video.html",
                          self._context(runtime, video, candidate, errors, {"captions": text}), status_code=400)
        await videos.set_captions(candidates.repository.session, runtime, video, _actor(request), text.strip() + "\n")
        flash(request, _("De ondertiteling is opgeslagen."))
        return redirect(f"/accountmanager/videos/{video.id}")

    @staticmethod
    def _context(runtime: Runtime, video: Video, candidate: Candidate, errors: dict[str, str],
                 values: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"video": video, "candidate": candidate, "media": videos.urls(runtime, video), "errors": errors,
                "values": values or {}}

    @staticmethod
    async def _managed(request: Request[Any, Any, Any], candidates: CandidateService, video_id: UUID,
                       ready: bool = False) -> tuple[Video, Candidate]:
        row = (await candidates.repository.session.execute(
            select(Video, Candidate).join(Candidate, Candidate.id == Video.candidate_id)
            .where(Video.id == video_id, Candidate.municipality_id == _actor(request).municipality_id)
        )).first()
        if row is None or (ready and row[0].status is not VideoStatus.READY):
            raise NotFoundException()
        return row[0], row[1]
